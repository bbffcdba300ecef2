// ---- kernel0: r1:cc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %v8 = arith.constant 0xFF800000 : f32
    %v9 = vector.broadcast %v8 : f32 to vector<64xf32>
    %v11:1 = scf.for %v10 = %c0 to %vend64 step %cw64 iter_args(%v10_acc0 = %v9) -> (vector<64xf32>) : i64 {
      %v13 = arith.addi %base0, %v10 : i64
      %v14 = llvm.getelementptr %ptr0[%v13] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v12 = llvm.load %v14 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v16 = arith.cmpf ogt, %v12, %v10_acc0 : vector<64xf32>
      %v17 = arith.select %v16, %v12, %v10_acc0 : vector<64xi1>, vector<64xf32>
      %v18 = arith.cmpf uno, %v12, %v12 : vector<64xf32>
      %v15 = arith.select %v18, %v12, %v17 : vector<64xi1>, vector<64xf32>
      scf.yield %v15 : vector<64xf32>
    }
    %v19 = vector.reduction <maximumf>, %v11#0 : vector<64xf32> into f32
    %v20 = arith.maximumf %v8, %v19 : f32
    %v21 = vector.broadcast %v8 : f32 to vector<16xf32>
    %v23:1 = scf.for %v22 = %vend64 to %vend16 step %cw16 iter_args(%v22_acc0 = %v21) -> (vector<16xf32>) : i64 {
      %v25 = arith.addi %base0, %v22 : i64
      %v26 = llvm.getelementptr %ptr0[%v25] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v24 = llvm.load %v26 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v28 = arith.cmpf ogt, %v24, %v22_acc0 : vector<16xf32>
      %v29 = arith.select %v28, %v24, %v22_acc0 : vector<16xi1>, vector<16xf32>
      %v30 = arith.cmpf uno, %v24, %v24 : vector<16xf32>
      %v27 = arith.select %v30, %v24, %v29 : vector<16xi1>, vector<16xf32>
      scf.yield %v27 : vector<16xf32>
    }
    %v31 = vector.reduction <maximumf>, %v23#0 : vector<16xf32> into f32
    %v32 = arith.maximumf %v20, %v31 : f32
    %v34:1 = scf.for %v33 = %vend16 to %len step %c1 iter_args(%v33_acc0 = %v32) -> (f32) : i64 {
      %v36 = arith.addi %base0, %v33 : i64
      %v37 = llvm.getelementptr %ptr0[%v36] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v35 = llvm.load %v37 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v39 = arith.cmpf ogt, %v35, %v33_acc0 : f32
      %v40 = arith.select %v39, %v35, %v33_acc0 : f32
      %v41 = arith.cmpf uno, %v35, %v35 : f32
      %v38 = arith.select %v41, %v35, %v40 : f32
      scf.yield %v38 : f32
    }
    %v42 = arith.constant 0x00000000 : f32
    %v43 = vector.broadcast %v42 : f32 to vector<64xf32>
    %v45:1 = scf.for %v44 = %c0 to %vend64 step %cw64 iter_args(%v44_acc0 = %v43) -> (vector<64xf32>) : i64 {
      %v47 = arith.addi %base0, %v44 : i64
      %v48 = llvm.getelementptr %ptr0[%v47] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v46 = llvm.load %v48 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v49 = vector.broadcast %v34#0 : f32 to vector<64xf32>
      %v50 = arith.subf %v46, %v49 fastmath<contract> : vector<64xf32>
      %v51 = math.exp %v50 : vector<64xf32>
      %v52 = arith.addf %v44_acc0, %v51 fastmath<contract> : vector<64xf32>
      scf.yield %v52 : vector<64xf32>
    }
    %v53 = vector.reduction <add>, %v45#0 : vector<64xf32> into f32
    %v54 = arith.addf %v42, %v53 : f32
    %v55 = vector.broadcast %v42 : f32 to vector<16xf32>
    %v57:1 = scf.for %v56 = %vend64 to %vend16 step %cw16 iter_args(%v56_acc0 = %v55) -> (vector<16xf32>) : i64 {
      %v59 = arith.addi %base0, %v56 : i64
      %v60 = llvm.getelementptr %ptr0[%v59] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v58 = llvm.load %v60 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v61 = vector.broadcast %v34#0 : f32 to vector<16xf32>
      %v62 = arith.subf %v58, %v61 fastmath<contract> : vector<16xf32>
      %v63 = math.exp %v62 : vector<16xf32>
      %v64 = arith.addf %v56_acc0, %v63 fastmath<contract> : vector<16xf32>
      scf.yield %v64 : vector<16xf32>
    }
    %v65 = vector.reduction <add>, %v57#0 : vector<16xf32> into f32
    %v66 = arith.addf %v54, %v65 : f32
    %v68:1 = scf.for %v67 = %vend16 to %len step %c1 iter_args(%v67_acc0 = %v66) -> (f32) : i64 {
      %v70 = arith.addi %base0, %v67 : i64
      %v71 = llvm.getelementptr %ptr0[%v70] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v69 = llvm.load %v71 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v72 = arith.subf %v69, %v34#0 fastmath<contract> : f32
      %v73 = math.exp %v72 : f32
      %v74 = arith.addf %v67_acc0, %v73 fastmath<contract> : f32
      scf.yield %v74 : f32
    }
    %v75 = math.log %v68#0 : f32
    scf.for %v76 = %c0 to %vend16 step %cw16 : i64 {
      %v79 = arith.addi %base0, %v76 : i64
      %v80 = llvm.getelementptr %ptr0[%v79] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v78 = llvm.load %v80 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v81 = vector.broadcast %v34#0 : f32 to vector<16xf32>
      %v82 = arith.subf %v78, %v81 fastmath<contract> : vector<16xf32>
      %v83 = vector.broadcast %v75 : f32 to vector<16xf32>
      %v84 = arith.subf %v82, %v83 fastmath<contract> : vector<16xf32>
      %v85 = arith.addi %base1, %v76 : i64
      %v86 = llvm.getelementptr %ptr1[%v85] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v84, %v86 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v87 = %vend16 to %len step %c1 : i64 {
      %v90 = arith.addi %base0, %v87 : i64
      %v91 = llvm.getelementptr %ptr0[%v90] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v89 = llvm.load %v91 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v92 = arith.subf %v89, %v34#0 fastmath<contract> : f32
      %v93 = arith.subf %v92, %v75 fastmath<contract> : f32
      %v94 = arith.addi %base1, %v87 : i64
      %v95 = llvm.getelementptr %ptr1[%v94] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v93, %v95 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}

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
      %v53 = arith.addi %base1, %v44 : i64
      %v54 = llvm.getelementptr %ptr1[%v53] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v51, %v54 {alignment = 4 : i64} : vector<64xf32>, !llvm.ptr
      scf.yield %v52 : vector<64xf32>
    }
    %v55 = vector.reduction <add>, %v45#0 fastmath<reassoc> : vector<64xf32> into f32
    %v56 = arith.addf %v42, %v55 : f32
    %v57 = vector.broadcast %v42 : f32 to vector<16xf32>
    %v59:1 = scf.for %v58 = %vend64 to %vend16 step %cw16 iter_args(%v58_acc0 = %v57) -> (vector<16xf32>) : i64 {
      %v61 = arith.addi %base0, %v58 : i64
      %v62 = llvm.getelementptr %ptr0[%v61] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v60 = llvm.load %v62 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v63 = vector.broadcast %v34#0 : f32 to vector<16xf32>
      %v64 = arith.subf %v60, %v63 fastmath<contract> : vector<16xf32>
      %v65 = math.exp %v64 : vector<16xf32>
      %v66 = arith.addf %v58_acc0, %v65 fastmath<contract> : vector<16xf32>
      %v67 = arith.addi %base1, %v58 : i64
      %v68 = llvm.getelementptr %ptr1[%v67] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v65, %v68 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
      scf.yield %v66 : vector<16xf32>
    }
    %v69 = vector.reduction <add>, %v59#0 : vector<16xf32> into f32
    %v70 = arith.addf %v56, %v69 : f32
    %v72:1 = scf.for %v71 = %vend16 to %len step %c1 iter_args(%v71_acc0 = %v70) -> (f32) : i64 {
      %v74 = arith.addi %base0, %v71 : i64
      %v75 = llvm.getelementptr %ptr0[%v74] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v73 = llvm.load %v75 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v76 = arith.subf %v73, %v34#0 fastmath<contract> : f32
      %v77 = math.exp %v76 : f32
      %v78 = arith.addf %v71_acc0, %v77 fastmath<contract> : f32
      %v79 = arith.addi %base1, %v71 : i64
      %v80 = llvm.getelementptr %ptr1[%v79] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v77, %v80 {alignment = 4 : i64} : f32, !llvm.ptr
      scf.yield %v78 : f32
    }
    scf.for %v81 = %c0 to %vend16 step %cw16 : i64 {
      %v83 = arith.addi %base1, %v81 : i64
      %v84 = llvm.getelementptr %ptr1[%v83] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v85 = llvm.load %v84 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v86 = vector.broadcast %v72#0 : f32 to vector<16xf32>
      %v88 = arith.constant 0x3F800000 : f32
      %v89 = arith.divf %v88, %v72#0 : f32
      %v90 = vector.broadcast %v89 : f32 to vector<16xf32>
      %v87 = arith.mulf %v85, %v90 : vector<16xf32>
      %v91 = arith.addi %base1, %v81 : i64
      %v92 = llvm.getelementptr %ptr1[%v91] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v87, %v92 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v93 = %vend16 to %len step %c1 : i64 {
      %v95 = arith.addi %base1, %v93 : i64
      %v96 = llvm.getelementptr %ptr1[%v95] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v97 = llvm.load %v96 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v98 = arith.divf %v97, %v72#0 : f32
      %v99 = arith.addi %base1, %v93 : i64
      %v100 = llvm.getelementptr %ptr1[%v99] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v98, %v100 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}

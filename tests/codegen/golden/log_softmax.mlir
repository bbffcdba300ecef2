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
    %v12 = arith.constant dense<false> : vector<64xi1>
    %v11:2 = scf.for %v10 = %c0 to %vend64 step %cw64 iter_args(%v10_acc0 = %v9, %v10_nan0 = %v12) -> (vector<64xf32>, vector<64xi1>) : i64 {
      %v14 = arith.addi %base0, %v10 : i64
      %v15 = llvm.getelementptr %ptr0[%v14] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v13 = llvm.load %v15 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v17 = arith.cmpf ogt, %v13, %v10_acc0 : vector<64xf32>
      %v18 = arith.cmpf uno, %v13, %v13 : vector<64xf32>
      %v16 = arith.select %v17, %v13, %v10_acc0 : vector<64xi1>, vector<64xf32>
      %v19 = arith.ori %v10_nan0, %v18 : vector<64xi1>
      scf.yield %v16, %v19 : vector<64xf32>, vector<64xi1>
    }
    %v20 = arith.constant 0x7FC00000 : f32
    %v21 = vector.broadcast %v20 : f32 to vector<64xf32>
    %v22 = arith.select %v11#1, %v21, %v11#0 : vector<64xi1>, vector<64xf32>
    %v23 = vector.reduction <maximumf>, %v22 : vector<64xf32> into f32
    %v24 = arith.maximumf %v8, %v23 : f32
    %v25 = vector.broadcast %v8 : f32 to vector<16xf32>
    %v28 = arith.constant dense<false> : vector<16xi1>
    %v27:2 = scf.for %v26 = %vend64 to %vend16 step %cw16 iter_args(%v26_acc0 = %v25, %v26_nan0 = %v28) -> (vector<16xf32>, vector<16xi1>) : i64 {
      %v30 = arith.addi %base0, %v26 : i64
      %v31 = llvm.getelementptr %ptr0[%v30] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v29 = llvm.load %v31 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v33 = arith.cmpf ogt, %v29, %v26_acc0 : vector<16xf32>
      %v34 = arith.cmpf uno, %v29, %v29 : vector<16xf32>
      %v32 = arith.select %v33, %v29, %v26_acc0 : vector<16xi1>, vector<16xf32>
      %v35 = arith.ori %v26_nan0, %v34 : vector<16xi1>
      scf.yield %v32, %v35 : vector<16xf32>, vector<16xi1>
    }
    %v36 = arith.constant 0x7FC00000 : f32
    %v37 = vector.broadcast %v36 : f32 to vector<16xf32>
    %v38 = arith.select %v27#1, %v37, %v27#0 : vector<16xi1>, vector<16xf32>
    %v39 = vector.reduction <maximumf>, %v38 : vector<16xf32> into f32
    %v40 = arith.maximumf %v24, %v39 : f32
    %v42:1 = scf.for %v41 = %vend16 to %len step %c1 iter_args(%v41_acc0 = %v40) -> (f32) : i64 {
      %v44 = arith.addi %base0, %v41 : i64
      %v45 = llvm.getelementptr %ptr0[%v44] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v43 = llvm.load %v45 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v47 = arith.cmpf ogt, %v43, %v41_acc0 : f32
      %v48 = arith.cmpf uno, %v43, %v43 : f32
      %v49 = arith.select %v47, %v43, %v41_acc0 : f32
      %v46 = arith.select %v48, %v43, %v49 : f32
      scf.yield %v46 : f32
    }
    %v50 = arith.constant 0x00000000 : f32
    %v51 = vector.broadcast %v50 : f32 to vector<64xf32>
    %v53:1 = scf.for %v52 = %c0 to %vend64 step %cw64 iter_args(%v52_acc0 = %v51) -> (vector<64xf32>) : i64 {
      %v55 = arith.addi %base0, %v52 : i64
      %v56 = llvm.getelementptr %ptr0[%v55] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v54 = llvm.load %v56 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v57 = vector.broadcast %v42#0 : f32 to vector<64xf32>
      %v58 = arith.subf %v54, %v57 fastmath<contract> : vector<64xf32>
      %v59 = math.exp %v58 : vector<64xf32>
      %v60 = arith.addf %v52_acc0, %v59 fastmath<contract> : vector<64xf32>
      scf.yield %v60 : vector<64xf32>
    }
    %v61 = vector.reduction <add>, %v53#0 : vector<64xf32> into f32
    %v62 = arith.addf %v50, %v61 : f32
    %v63 = vector.broadcast %v50 : f32 to vector<16xf32>
    %v65:1 = scf.for %v64 = %vend64 to %vend16 step %cw16 iter_args(%v64_acc0 = %v63) -> (vector<16xf32>) : i64 {
      %v67 = arith.addi %base0, %v64 : i64
      %v68 = llvm.getelementptr %ptr0[%v67] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v66 = llvm.load %v68 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v69 = vector.broadcast %v42#0 : f32 to vector<16xf32>
      %v70 = arith.subf %v66, %v69 fastmath<contract> : vector<16xf32>
      %v71 = math.exp %v70 : vector<16xf32>
      %v72 = arith.addf %v64_acc0, %v71 fastmath<contract> : vector<16xf32>
      scf.yield %v72 : vector<16xf32>
    }
    %v73 = vector.reduction <add>, %v65#0 : vector<16xf32> into f32
    %v74 = arith.addf %v62, %v73 : f32
    %v76:1 = scf.for %v75 = %vend16 to %len step %c1 iter_args(%v75_acc0 = %v74) -> (f32) : i64 {
      %v78 = arith.addi %base0, %v75 : i64
      %v79 = llvm.getelementptr %ptr0[%v78] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v77 = llvm.load %v79 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v80 = arith.subf %v77, %v42#0 fastmath<contract> : f32
      %v81 = math.exp %v80 : f32
      %v82 = arith.addf %v75_acc0, %v81 fastmath<contract> : f32
      scf.yield %v82 : f32
    }
    %v83 = math.log %v76#0 : f32
    scf.for %v84 = %c0 to %vend16 step %cw16 : i64 {
      %v87 = arith.addi %base0, %v84 : i64
      %v88 = llvm.getelementptr %ptr0[%v87] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v86 = llvm.load %v88 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v89 = vector.broadcast %v42#0 : f32 to vector<16xf32>
      %v90 = arith.subf %v86, %v89 fastmath<contract> : vector<16xf32>
      %v91 = vector.broadcast %v83 : f32 to vector<16xf32>
      %v92 = arith.subf %v90, %v91 fastmath<contract> : vector<16xf32>
      %v93 = arith.addi %base1, %v84 : i64
      %v94 = llvm.getelementptr %ptr1[%v93] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v92, %v94 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v95 = %vend16 to %len step %c1 : i64 {
      %v98 = arith.addi %base0, %v95 : i64
      %v99 = llvm.getelementptr %ptr0[%v98] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v97 = llvm.load %v99 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v100 = arith.subf %v97, %v42#0 fastmath<contract> : f32
      %v101 = arith.subf %v100, %v83 fastmath<contract> : f32
      %v102 = arith.addi %base1, %v95 : i64
      %v103 = llvm.getelementptr %ptr1[%v102] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v101, %v103 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
